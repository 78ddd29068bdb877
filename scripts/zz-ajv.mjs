import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
const schema = JSON.parse(readFileSync('chart/values.schema.json', 'utf8'));
const opts = JSON.parse(process.argv[2]);
const c = process.cpuUsage(); const t = performance.now();
const ajv = new Ajv({ allErrors: true, strict: false, logger: false, ...opts });
ajv.compile(schema);
const u = process.cpuUsage(c);
console.log(process.argv[2], (performance.now() - t).toFixed(0), 'ms', ((u.user + u.system) / 1000).toFixed(0), 'cpu');
