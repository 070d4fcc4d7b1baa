import type { SearchToRule, SearchToRuleNote } from "@vigie/contracts";
import { useMemo } from "react";
import { type SearchParts, useSearchToRule } from "../../api/savedSearches.ts";
import { Drawer } from "../../components/Drawer.tsx";
import { QueryView } from "../../components/states.tsx";
import { type MessageKey, type Translate, useT } from "../../i18n/index.ts";
import { SearchSummary } from "../events/SearchSummary.tsx";
import { searchFromText, searchToText } from "../events/searchParts.ts";
import { RuleDrawer } from "./RuleDrawer.tsx";
import { emptyRuleForm, type RuleFormState } from "./ruleForm.ts";

/** A new rule that raises an alert for each event the search finds (one at a time, per site). */
function formFromSearch(t: Translate, parts: SearchParts, converted: SearchToRule): RuleFormState {
  const said = parts.q || searchToText({ q: "", filters: parts.filters });
  return {
    ...emptyRuleForm(),
    name: t("searchRule.name", { search: said }).slice(0, 200),
    description: t("searchRule.description", { search: said }).slice(0, 2000),
    threshold: "1",
    window_seconds: "60",
    group_by: "",
    event_filter: [],
    event_condition: JSON.stringify(converted.event_filter, null, 2),
  };
}

/** The parts of one effect, each with its reason. */
function NoteList({ notes, effect }: { notes: SearchToRuleNote[]; effect: SearchToRuleNote["effect"] }) {
  const t = useT();
  const shown = notes.filter((n) => n.effect === effect);
  if (!shown.length) return null;
  return (
    <div className="flex flex-col gap-1">
      <p className="font-medium">{t(`searchRule.${effect}`)}</p>
      <ul className="flex list-disc flex-col gap-0.5 pl-5" data-testid={`search-rule-${effect}`}>
        {shown.map((note) => (
          <li key={`${note.part}@${note.position ?? "filter"}`}>
            <code className="font-mono text-[12px]">{note.part}</code>
            {" — "}
            {t(`searchRule.reason.${note.reason}` as MessageKey)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the form was made from, and what of the search the rule does not keep as it is. */
function SearchNotes({ parts, notes }: { parts: SearchParts; notes: SearchToRuleNote[] }) {
  const t = useT();
  return (
    <div
      className="flex flex-col gap-2 rounded-md border border-line bg-raised/40 p-3 text-[13px]"
      data-testid="search-rule-notes"
    >
      <p className="vg-label">{t("searchRule.from")}</p>
      <SearchSummary parts={parts} />
      <p className="text-muted">{t("searchRule.intro")}</p>
      <NoteList notes={notes} effect="dropped" />
      <NoteList notes={notes} effect="widened" />
    </div>
  );
}

/** "Create rule from this search": the search converted by the server, then the rule form pre-filled. */
export function FromSearchDrawer({ search, onClose }: { search: string; onClose: () => void }) {
  const t = useT();
  const parts = useMemo(() => searchFromText(search), [search]);
  const converted = useSearchToRule(parts);
  if (converted.data)
    return (
      <RuleDrawer
        canWrite
        onClose={onClose}
        editing={{
          mode: "new",
          title: t("searchRule.title"),
          initial: formFromSearch(t, parts, converted.data),
          intro: <SearchNotes parts={parts} notes={converted.data.notes} />,
        }}
      />
    );
  return (
    <Drawer title={t("searchRule.title")} onClose={onClose} testId="rule-drawer">
      <QueryView query={converted}>{() => null}</QueryView>
    </Drawer>
  );
}
