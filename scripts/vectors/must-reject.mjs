export function mustRejectVectors() { return []; }
