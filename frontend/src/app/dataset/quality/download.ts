/** Hands a JSON document to the browser as a file download. */
export function downloadJson(document: Document, fileName: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has started the download by now; revoking later still lets slow browsers read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
