/**
 * Rolldown warns that the "use astro:head-inject" directive Astro adds to every MDX story "may not
 * be preserved when bundling", twice a story on every build. Astro's head plugin reads the
 * directive from each module's source before bundling, so nothing is lost
 * (https://github.com/withastro/astro/issues/18087); this one warning is dropped, every other goes on.
 */
interface BuildWarning {
  code?: string;
  message: string;
}

export function dropHeadInjectWarning(warning: BuildWarning, warn: (warning: BuildWarning) => void): void {
  if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use astro:head-inject"')) return;
  warn(warning);
}
