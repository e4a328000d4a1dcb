/**
 * Reads an export file with sax (https://github.com/isaacs/sax-js), a streaming parser: the file
 * is never held whole, only the record being read, so a 100,000-comment export costs the memory
 * of its parsed comments. Strict mode refuses a malformed file, and its position says where.
 */
import { createReadStream } from 'node:fs';
import sax from 'sax';
import { ImportFormatError } from './source.ts';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export interface XmlRecordReader {
  /** The root element every file of this format has. */
  root: string;
  /** Whether an element at this depth (the root is 0) is a record, handed over whole once closed. */
  isRecord: (name: string, depth: number) => boolean;
  onRecord: (record: XmlElement) => void;
}

export async function readXmlRecords(path: string, reader: XmlRecordReader): Promise<void> {
  const parser = sax.parser(true, { position: true });
  const open: XmlElement[] = [];
  let inRecord = 0;
  let rootSeen = false;
  let failure: ImportFormatError | null = null;

  parser.onerror = (error): void => {
    const [first = 'not well-formed XML'] = error.message.split('\n');
    failure ??= new ImportFormatError(`${first} (column ${parser.column + 1})`, parser.line + 1);
    throw failure;
  };
  parser.onopentag = (tag): void => {
    const line = parser.line + 1;
    if (!rootSeen) {
      rootSeen = true;
      if (tag.name !== reader.root) {
        throw new ImportFormatError(`the file starts with <${tag.name}>, not <${reader.root}>`, line);
      }
    }
    const depth = open.length;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) {
      attributes[key] = typeof value === 'string' ? value : value.value;
    }
    const element: XmlElement = { name: tag.name, attributes, children: [], text: '', line };
    if (inRecord > 0) open.at(-1)?.children.push(element);
    if (inRecord > 0 || reader.isRecord(tag.name, depth)) inRecord += 1;
    open.push(element);
  };
  parser.onclosetag = (): void => {
    const element = open.pop();
    if (element === undefined || inRecord === 0) return;
    inRecord -= 1;
    if (inRecord === 0) reader.onRecord(element);
  };
  const addText = (text: string): void => {
    if (inRecord > 0) {
      const element = open.at(-1);
      if (element !== undefined) element.text += text;
    }
  };
  parser.ontext = addText;
  parser.oncdata = addText;

  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
      parser.write(chunk as string);
    }
    parser.close();
  } catch (error) {
    throw failure ?? error;
  }
  if (!rootSeen) throw new ImportFormatError(`the file has no <${reader.root}> element`, parser.line + 1);
}

/** The trimmed text of the first child called `name`, or null when there is none. */
export function childText(element: XmlElement, name: string): string | null {
  const child = element.children.find((candidate) => candidate.name === name);
  return child === undefined ? null : child.text.trim();
}

export function child(element: XmlElement, name: string): XmlElement | null {
  return element.children.find((candidate) => candidate.name === name) ?? null;
}
