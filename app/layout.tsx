import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { EditorPrefetch } from './_components/editor-prefetch';
import { SiteFooter } from './_components/site-footer';
import { SiteHeader } from './_components/site-header';
import { THEME_BOOT_SCRIPT } from './_components/theme';
import './globals.css';
import './styles/components.css';
import './styles/catalog.css';
import './styles/exercise.css';
import './styles/markdown.css';
import './styles/code-highlight.css';
import './styles/workspace.css';
import './styles/console.css';
import './styles/loss-curve.css';

export const metadata: Metadata = {
  title: { default: 'ML Practice Studio', template: '%s · ML Practice Studio' },
  description:
    'Practise the real work of an ML engineer: model selection, feature engineering and deployment debugging, graded by real TensorFlow.js runs.',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f9' },
    { media: '(prefers-color-scheme: dark)', color: '#0e1014' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets data-theme before React hydrates: that difference is expected.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="site-main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <EditorPrefetch />
      </body>
    </html>
  );
}
