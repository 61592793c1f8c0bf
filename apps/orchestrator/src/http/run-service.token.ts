/** Nest injection tokens for objects the orchestrator builds itself at start. */
export const RUN_SERVICE = Symbol('RunService');
export const HEALTH_PROBE = Symbol('HealthProbe');
export const MODEL_REGISTRY = Symbol('ModelRegistry');
export const RUN_REPORTS = Symbol('RunReports');
