import { useEffect, useState } from "react";
import { commands, type RuleSet, type RuleSetChoice } from "../bindings";
import "./actions.css";

/** The API keys wizard's two rule sets, each shown with its rules before the request. */
export function RuleSetPicker({ value, onChange }: { value: RuleSet; onChange: (set: RuleSet) => void }) {
  const [choices, setChoices] = useState<RuleSetChoice[]>([]);
  useEffect(() => {
    commands.apiKeyRuleSets().then(setChoices);
  }, []);
  const chosen = choices.find((c) => c.ruleSet === value);
  return (
    <>
      <fieldset className="rule-sets" data-testid="rule-sets">
        <legend>Rights for this key</legend>
        {choices.map((c) => (
          <label key={c.ruleSet}>
            <input
              type="radio"
              name="rule-set"
              value={c.ruleSet}
              checked={c.ruleSet === value}
              onChange={() => onChange(c.ruleSet)}
            />{" "}
            {c.label}
            {c.ruleSet === "readOnly"
              ? " (see everything, change nothing)"
              : " (also start, stop and reboot instances and download kubeconfigs, after you confirm)"}
          </label>
        ))}
      </fieldset>
      <p>Aurora asks OVH for a consumer key with these rights, then opens OVH's page where you authorize it.</p>
      <table className="rules" data-testid="access-rules">
        <tbody>
          {(chosen?.rules ?? []).map((rule) => (
            <tr key={`${rule.method} ${rule.path}`}>
              <td>
                <code>
                  {rule.method} {rule.path}
                </code>
              </td>
              <td className="muted">{rule.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
