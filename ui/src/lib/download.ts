/**
 * Offers text as a file download from the webview: a Blob behind an object
 * URL and a temporary `<a download>`. No file system access is needed; the
 * webview (or the person) chooses where the file goes.
 */
export function downloadText(filename: string, mimeType: string, text: string, doc: Document = document): void {
  const blob = new Blob([text], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement("a");
  link.href = url;
  link.download = filename;
  link.rel = "noopener";
  link.hidden = true;
  doc.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Give the webview time to start reading the blob before it is released.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

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
