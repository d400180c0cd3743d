// oidc-provider ships no type declarations; the test uses a small, checked-by-running part of it.
declare module 'oidc-provider';
