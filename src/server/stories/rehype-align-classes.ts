/**
 * GFM table alignment reaches rehype as an `align` property that later steps turn into
 * `style="text-align: …"`, which the site's Content-Security-Policy (style-src 'self', no inline
 * styles) would refuse; a class keeps the alignment.
 */
interface HastNode {
  type: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

const ALIGNMENTS = new Set(['left', 'right', 'center']);

export function rehypeAlignClasses(): (tree: HastNode) => void {
  return (tree) => visit(tree);
}

function visit(node: HastNode): void {
  const align = node.properties?.align;
  if (node.properties !== undefined && typeof align === 'string' && ALIGNMENTS.has(align)) {
    delete node.properties.align;
    const existing = node.properties.className;
    node.properties.className = [...(Array.isArray(existing) ? existing : []), `align-${align}`];
  }
  node.children?.forEach(visit);
}
