/** placeholder */
export function RulesPage() {
  return <div>RulesPage</div>;
}
