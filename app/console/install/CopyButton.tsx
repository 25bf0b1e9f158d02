import { Button } from "@shopify/polaris";
import { useState } from "react";

/**
 * Copies text to the clipboard and says so. The clipboard can be refused (an embedded admin
 * frame without the permission, an old browser): then the button says to copy by hand instead
 * of pretending it worked.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <span aria-live="polite">
      <Button onClick={() => void copy()}>{state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text and copy it" : label}</Button>
    </span>
  );
}
