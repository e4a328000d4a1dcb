/**
 * The message a name in a redirect's query stands for (`?done=password`). Only the table's own
 * names count, never what every object inherits (`toString`, `constructor`), since the name is
 * whatever the address says.
 */
export function messageNamed<Name extends string>(
  messages: Readonly<Record<Name, string>>,
  name: string | null,
): string | undefined {
  return name !== null && Object.hasOwn(messages, name) ? messages[name as Name] : undefined;
}
