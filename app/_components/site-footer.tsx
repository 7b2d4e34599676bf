import packageJson from '@/package.json';

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container site-footer-inner">
        <p>
          <strong>ML Practice Studio</strong> · practise model selection, feature engineering and deployment debugging on real
          code.
        </p>
        <p className="muted">Version {packageJson.version}</p>
      </div>
    </footer>
  );
}
