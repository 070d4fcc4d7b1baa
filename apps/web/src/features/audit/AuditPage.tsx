/** placeholder */
export function AuditPage() {
  return <div>AuditPage</div>;
}
