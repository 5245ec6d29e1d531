export function buildAgents(): Promise<void>;
export function buildHost(): Promise<void>;
export function buildDashboard(): Promise<void>;
