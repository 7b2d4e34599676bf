import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';

/** The element's own props, without the syntax-tree `node` react-markdown adds. */
function own<P extends { node?: unknown }>(props: P): Omit<P, 'node'> {
  const copy = { ...props };
  delete copy.node;
  return copy;
}

const isAbsoluteUrl = (href: string | undefined) => href !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(href);

/**
 * Headings move down one level so the page keeps a single h1; tables scroll on their own;
 * images are replaced by their alt text so a prompt can never make the browser fetch a URL.
 */
const components: Components = {
  h1: (props) => <h2 {...own(props)} />,
  h2: (props) => <h3 {...own(props)} />,
  h3: (props) => <h4 {...own(props)} />,
  h4: (props) => <h5 {...own(props)} />,
  h5: (props) => <h6 {...own(props)} />,
  table: (props) => (
    <div className="table-scroll" role="region" aria-label="Table" tabIndex={0}>
      <table {...own(props)} />
    </div>
  ),
  img: ({ alt }) => <span className="image-alt">{alt ? `[image: ${alt}]` : '[image]'}</span>,
  a: (props) => <a {...own(props)} rel={isAbsoluteUrl(props.href) ? 'noreferrer noopener' : undefined} />,
  pre: (props) => <pre tabIndex={0} {...own(props)} />,
};

export function Markdown({ children, className = 'markdown' }: { children: string; className?: string }) {
  return (
    <div className={className}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeHighlight]} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
