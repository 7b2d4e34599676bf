'use client';

import { usePathname } from 'next/navigation';
import { useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { CloseIcon, MenuIcon } from './icons';
import { useClientValue } from './use-client-value';

/**
 * The header's links. Wide screens show them in the header row; phones get a "Menu" button that
 * opens them in a panel under the one-row header. It closes on navigation, on a chosen link, and on
 * Escape (focus returns to the button). Without JavaScript (and until the page is hydrated) the same
 * panel is a native <details> disclosure, which the browser opens and closes by itself.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const scripted = useClientValue(() => true, false);
  return scripted ? <MenuButton>{children}</MenuButton> : <MenuDisclosure>{children}</MenuDisclosure>;
}

function MenuLabel({ open }: { open: boolean }) {
  return (
    <>
      {open ? <CloseIcon /> : <MenuIcon />}
      <span className="menu-toggle-label" aria-hidden="true">
        Menu
      </span>
    </>
  );
}

/** The server's HTML: works with no script at all. */
function MenuDisclosure({ children }: { children: ReactNode }) {
  return (
    <details className="header-menu">
      <summary className="menu-toggle" aria-label="Menu">
        <MenuLabel open={false} />
      </summary>
      <div id="site-menu" className="site-menu">
        {children}
      </div>
    </details>
  );
}

function MenuButton({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [openedOn, setOpenedOn] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setOpen(false);
  }

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };
  const closeOnLink = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('a')) setOpen(false);
  };

  return (
    <div className="header-menu" onKeyDown={closeOnEscape}>
      <button
        ref={button}
        type="button"
        className="menu-toggle"
        aria-expanded={open}
        aria-controls="site-menu"
        aria-label="Menu"
        onClick={() => setOpen((value) => !value)}
      >
        <MenuLabel open={open} />
      </button>
      <div id="site-menu" className="site-menu" data-open={open} onClick={closeOnLink}>
        {children}
      </div>
    </div>
  );
}
