import { geoFiles, GeoDatabase } from "./src/ingest/enrich/geo-database.ts";
import { senderIp } from "./src/ingest/syslog/cidr.ts";
const t = performance.now();
const db = GeoDatabase.open(geoFiles());
console.log("open ms", performance.now() - t, process.memoryUsage().rss / 2 ** 20);
for (const a of ["8.8.8.8", "1.1.1.1", "81.2.69.160", "2a00:1450:4007:80e::200e", "2606:4700:4700::1111", "5.255.255.5"]) console.log(a, db.lookup(a, senderIp(a)!));
const t2 = performance.now();
for (let i = 0; i < 100000; i++) { const a = `${(i % 200) + 20}.${i % 250}.${(i >> 3) % 250}.1`; db.lookup(a, senderIp(a)!); }
console.log("100k lookups ms", performance.now() - t2);
