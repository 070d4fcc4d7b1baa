/** placeholder */
export function ScenariosPage() {
  return <div>ScenariosPage</div>;
}
