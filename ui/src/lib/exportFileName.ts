/** `aurora-instances-2026-11-28T1204.csv`: safe on every file system. */
export function exportFileName(subject: string, extension: string, at: Date = new Date()): string {
  const stamp = at.toISOString().slice(0, 16).replace(/:/g, "");
  const safe =
    subject
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "export";
  return `aurora-${safe}-${stamp}.${extension}`;
}
