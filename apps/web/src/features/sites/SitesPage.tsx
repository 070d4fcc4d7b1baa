/** placeholder */
export function SitesPage() {
  return <div>SitesPage</div>;
}
