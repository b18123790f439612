// Public surface of the jwe room (filled in by the JWE work).
export {};
