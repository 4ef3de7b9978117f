// A problem in a file a user gave us (a BIF network, a data CSV, a levels JSON, an answers CSV,
// an edges file): it names the file, the 1-based line and column, what was expected and what was
// found, so the user can go straight to it. `failureKind = 'input'` tells lab (and our CLIs) that
// rerunning the same command cannot get past it.

export interface FilePosition {
  /** The file's path, or a label such as 'BIF' for text that came from no file. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column (character) in that line. */
  column: number;
}

export class InputFileError extends Error {
  readonly failureKind = 'input';

  constructor(
    readonly position: FilePosition,
    readonly expected: string,
    readonly found: string,
  ) {
    // "<file> line <n>: expected …" first (what earlier messages said, and what tests match), the column after.
    super(
      `${position.file} line ${position.line}: expected ${expected}, found '${found}' (column ${position.column})`,
    );
    this.name = 'InputFileError';
  }

  get file(): string {
    return this.position.file;
  }
  get line(): number {
    return this.position.line;
  }
  get column(): number {
    return this.position.column;
  }
}

/** The 1-based line and column of character `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}
