/** placeholder */
export function EventsPage() {
  return <div>EventsPage</div>;
}
