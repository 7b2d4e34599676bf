import Link from 'next/link';
import { ArrowLeftIcon } from './_components/icons';

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
