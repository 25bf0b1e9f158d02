import { createContext, useContext } from "react";

/** The response's CSP nonce on the server (entry.server.tsx); undefined in the browser, which hides nonces anyway. */
export const CspNonceContext = createContext<string | undefined>(undefined);

export function useCspNonce(): string | undefined {
  return useContext(CspNonceContext);
}
