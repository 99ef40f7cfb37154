import type { Resource } from "../bindings";
import { type ActionTarget, InstanceActions } from "./InstanceActions";
import { KubeconfigActions } from "./KubeconfigActions";

/** The drawer's actions for its resource's kind (none for kinds Aurora cannot act on). */
export function ResourceActions({
  resource,
  onSettled,
}: {
  resource: ActionTarget & Pick<Resource, "kind">;
  onSettled?: (instance: ActionTarget, status: string) => void;
}) {
  if (resource.kind === "instance") return <InstanceActions instances={[resource]} onSettled={onSettled} />;
  if (resource.kind === "kubernetes") return <KubeconfigActions cluster={resource} />;
  return null;
}
