/** placeholder */
export function SitePage() {
  return <div>SitePage</div>;
}
