export function buildAgents(): Promise<void>;
export function buildHost(): Promise<void>;
