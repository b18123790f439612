// Public surface of the jws room (filled in by the JWS work).
export {};
