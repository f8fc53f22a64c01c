/** The image and version an editor operation works on. */
export interface EditTarget {
  imageId: number;
  /** The version to start from; undefined = the original. */
  resultId: number | undefined;
}
