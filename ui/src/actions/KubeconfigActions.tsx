import { useState } from "react";
import { commands, type SavedKubeconfig } from "../bindings";
import type { ActionTarget } from "./InstanceActions";
import { ErrorNotice } from "../common/ErrorNotice";
import { unwrap } from "../common/ipc";
import { useAction } from "../common/useAction";

/** "Download kubeconfig" through a native save dialog, then "Copy kubectl command" for that file. */
export function KubeconfigActions({ cluster }: { cluster: ActionTarget }) {
  const [saved, setSaved] = useState<SavedKubeconfig | null>(null);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const { busy, error, run } = useAction();

  const download = () =>
    run(async () => {
      const answer = await unwrap(
        commands.downloadKubeconfig(cluster.connectionId, cluster.projectId ?? "", cluster.id, cluster.name),
      );
      if (answer) setSaved(answer);
    });

  const copy = async () => {
    if (!saved) return;
    try {
      await navigator.clipboard.writeText(saved.kubectlCommand);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };

  return (
    <section aria-label="Kubernetes actions" data-testid="kube-actions">
      <div className="dash-drawer-actions">
        <button
          type="button"
          className="dash-button"
          onClick={download}
          disabled={busy}
          data-testid="download-kubeconfig"
        >
          Download kubeconfig
        </button>
        <button type="button" className="dash-button" onClick={copy} disabled={!saved} data-testid="copy-kubectl">
          Copy kubectl command
        </button>
      </div>
      {saved && (
        <p className="dash-small" role="status" data-testid="kubeconfig-saved">
          Saved to <code className="dash-selectable">{saved.path}</code>, readable by you only. Use it with{" "}
          <code className="dash-selectable">{saved.kubectlCommand}</code>
          {copied === "copied" && " (copied)"}
          {copied === "failed" && " (the clipboard refused it: select the command and copy it by hand)"}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
