export const RUN_SAGA = Symbol('RunSaga');
