/**
 * A picture in a story's Markdown without alt text stops the build, naming the file and the
 * picture: a reader who cannot see it would otherwise get nothing at all.
 */
interface MdastNode {
  type: string;
  url?: string;
  alt?: string | null;
  children?: MdastNode[];
}

interface VFileLike {
  path?: string;
  fail(reason: string): never;
}

export function remarkImageAlt(): (tree: MdastNode, file: VFileLike) => void {
  return (tree, file) => visit(tree, file);
}

function visit(node: MdastNode, file: VFileLike): void {
  if (node.type === 'image' && (node.alt ?? '').trim() === '') {
    file.fail(
      `${file.path ?? 'a story'}: the image ${node.url ?? ''} needs alt text: ![what it shows](${node.url ?? ''})`,
    );
  }
  node.children?.forEach((child) => visit(child, file));
}
