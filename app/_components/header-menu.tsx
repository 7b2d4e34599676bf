'use client';

import { usePathname } from 'next/navigation';
import { useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { CloseIcon, MenuIcon } from './icons';

/**
 * The header's links. Wide screens show them in the header row; phones get a "Menu" button that
 * opens them in a panel under the one-row header. It closes on navigation, on a chosen link, and on
 * Escape (focus returns to the button).
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
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
        {open ? <CloseIcon /> : <MenuIcon />}
        <span className="menu-toggle-label" aria-hidden="true">
          Menu
        </span>
      </button>
      <div id="site-menu" className="site-menu" data-open={open} onClick={closeOnLink}>
        {children}
      </div>
    </div>
  );
}
