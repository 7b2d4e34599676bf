import Link from 'next/link';
import { ArrowLeftIcon } from './_components/icons';

/**
 * The 404 page, for unknown URLs and for `notFound()` (an unknown exercise). There is deliberately
 * no app/loading.tsx: its Suspense boundary starts streaming before the page runs, and a streamed
 * `notFound()` keeps the 200 status (measured), so unknown exercises would stop being real 404s.
 */
export default function NotFound() {
  return (
    <div className="container status-page">
      <p className="eyebrow">404 · Not found</p>
      <h1>We can’t find that page</h1>
      <p className="lede">
        The exercise or page you asked for does not exist. It may have been renamed, or the link may be mistyped.
      </p>
      <Link href="/" className="button">
        <ArrowLeftIcon /> Browse all exercises
      </Link>
    </div>
  );
}
