/** A model name, or a version of it, the registry does not hold: the API answers 404. */
export class ModelNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelNotFoundError';
  }
}

/** A stage change the registry's rules refuse (e.g. back to `none`): the API answers 400. */
export class InvalidStageChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStageChangeError';
  }
}
