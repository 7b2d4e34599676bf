/** Small inline icons (no icon font or image request). Decorative: hidden from assistive tech. */
const base = {
  width: 16,
  height: 16,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
  focusable: false,
} as const;

export function ClockIcon() {
  return (
    <svg {...base}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </svg>
  );
}

export function TableIcon() {
  return (
    <svg {...base}>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M3 10h18M9 4v16" />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg {...base} width={14} height={14}>
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}

export function ArrowLeftIcon() {
  return (
    <svg {...base}>
      <path d="M19 12H5M11 18l-6-6 6-6" />
    </svg>
  );
}

export function LogoMark() {
  return (
    <svg width={28} height={28} viewBox="0 0 32 32" aria-hidden focusable={false}>
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <g fill="none" stroke="var(--accent-contrast)" strokeWidth="2.2" strokeLinecap="round">
        <path d="M9 22V10M16 22V14M23 22V8" />
      </g>
      <circle cx="9" cy="10" r="2.2" fill="var(--accent-contrast)" />
      <circle cx="16" cy="14" r="2.2" fill="var(--accent-contrast)" />
      <circle cx="23" cy="8" r="2.2" fill="var(--accent-contrast)" />
    </svg>
  );
}

export function MenuIcon() {
  return (
    <svg {...base} width={18} height={18}>
      <path d="M4 7h16M4 12h16M4 17h16" />
    </svg>
  );
}
