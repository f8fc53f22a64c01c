/** A file name for a job's exported error log: the job's name made safe for every file system, then `-log.<format>`. */
export function logFileName(jobName: string, format: 'csv' | 'json'): string {
  // Control characters and the characters Windows refuses become dashes; no leading dot (a hidden file).
  const stem = jobName
    .replace(/\s*[/\\:*?"<>|\u0000-\u001f]+\s*/g, '-')
    .replace(/\s+/g, ' ')
    .slice(0, 100)
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  return `${stem || 'batch'}-log.${format}`;
}
