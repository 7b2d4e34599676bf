import Link from 'next/link';
import { AccountNav } from './account/account-nav';
import { HeaderMenu } from './header-menu';
import { LogoMark } from './icons';
import { ThemeToggle } from './theme-toggle';

/** One row on every screen: the brand, the links (behind "Menu" on a phone) and the theme toggle. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link href="/" className="brand">
          <LogoMark />
          <span>ML Practice Studio</span>
        </Link>
        <nav aria-label="Main" className="site-nav-wrap">
          <HeaderMenu>
            <ul className="site-nav">
              <li>
                <Link href="/">Exercises</Link>
              </li>
              <li>
                <Link href="/interview">Mock interview</Link>
              </li>
            </ul>
            <AccountNav />
          </HeaderMenu>
        </nav>
        <ThemeToggle />
      </div>
    </header>
  );
}
