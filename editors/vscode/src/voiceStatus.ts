// The voice score in the status bar: the server's `$/vibelint/voiceScore` notifications, kept per document.
// Free of the `vscode` import so tests can run it directly.
export const VOICE_NOTIFICATION = '$/vibelint/voiceScore';

export interface VoiceDrift {
  key: string;
  label: string;
  value: string;
  points: number;
}

export interface VoiceScore {
  uri: string;
  version?: number | null;
  /** null when the document has no prose yet */
  score: number | null;
  title: string;
  drifts: VoiceDrift[];
}

/** The latest score the server sent for each open document. */
export class VoiceScores {
  private readonly byUri = new Map<string, VoiceScore>();

  update(score: VoiceScore): void {
    this.byUri.set(score.uri, score);
  }

  get(uri: string | undefined): VoiceScore | undefined {
    return uri === undefined ? undefined : this.byUri.get(uri);
  }

  clear(): void {
    this.byUri.clear();
  }
}

/** Status bar text and tooltip for a document's score; undefined when there is none (not Markdown or text). */
export function voiceStatus(score: VoiceScore | undefined): { text: string; tooltip: string } | undefined {
  if (!score) return undefined;
  if (score.score === null) return { text: '$(check) vibelint', tooltip: score.title };
  const drifts = score.drifts.map((drift) => `- ${drift.label}: ${drift.value} (−${drift.points} points)`);
  const detail = drifts.length > 0 ? `Biggest drifts:\n${drifts.join('\n')}` : "No drifts from the author's usual range.";
  return {
    text: `$(check) vibelint ${score.score}/100`,
    tooltip: `Voice score ${score.score}/100\n${detail}\nFull report: vibelint report FILE -o report.html`,
  };
}
