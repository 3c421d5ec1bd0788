/**
 * Who may import whom (docs/architecture.md, "Who may import whom").
 * `npm run lint:deps` checks every file under app/, media-server/ and server.ts on each CI run.
 */

/**
 * Arrows between the feature rooms of app/services/: a feature may import the features
 * listed for it, and no other. The graph is acyclic; a new arrow is a design decision.
 */
const FEATURE_ARROWS = {
  accounts: [],
  email: [],
  attendance: [],
  events: ['attendance'],
  registration: ['email'],
  live: ['email', 'attendance', 'accounts'],
  credits: ['attendance'],
  exams: ['events', 'attendance', 'credits'],
  broadcast: ['live', 'attendance'],
  surveys: ['credits'],
}

const featureRules = Object.entries(FEATURE_ARROWS).map(([feature, allowed]) => ({
  name: `feature-${feature}`,
  comment: `app/services/${feature}/ may import only ${allowed.length ? allowed.join(', ') : 'no other feature'}.`,
  severity: 'error',
  from: { path: `^app/services/${feature}/` },
  to: { path: '^app/services/([^/]+)/', pathNot: [`^app/services/(${[feature, ...allowed].join('|')})/`] },
}))

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'app/domain/ imports nothing of the project but app/domain/ (node built-ins and zod are fine).',
      severity: 'error',
      from: { path: '^app/domain/' },
      to: { path: '^(app|media-server|tests|prisma|scripts|bench)/|^server\\.ts$', pathNot: '^app/domain/' },
    },
    {
      name: 'domain-no-io',
      comment: 'app/domain/ does no I/O: no database, network or file system.',
      severity: 'error',
      from: { path: '^app/domain/', pathNot: '\\.test\\.tsx?$' },
      to: { dependencyTypes: ['core'], path: '^(fs|node:fs|net|node:net|http|node:http|https|node:https|child_process|node:child_process)' },
    },
    {
      name: 'utils-no-features',
      comment: 'app/utils/ is infrastructure: it imports no service, job, route, realtime namespace or component.',
      severity: 'error',
      from: { path: '^app/utils/' },
      to: { path: '^app/(services|jobs|routes|realtime|components)/' },
    },
    {
      name: 'schemas-and-i18n-are-leaves',
      comment: 'app/schemas/ and app/i18n/ depend only on domain, each other and app-error.',
      severity: 'error',
      from: { path: '^app/(schemas|i18n)/' },
      to: { path: '^app/(services|jobs|routes|realtime|components|utils/(?!app-error))' },
    },
    {
      name: 'services-no-edges',
      comment: 'Services and jobs never import routes, realtime namespaces or components.',
      severity: 'error',
      from: { path: '^app/(services|jobs)/' },
      to: { path: '^app/(routes|realtime|components)/' },
    },
    {
      name: 'services-no-jobs',
      comment: 'Jobs start use cases; use cases never import a job.',
      severity: 'error',
      from: { path: '^app/(services|utils|domain|schemas|routes|realtime|components)/' },
      to: { path: '^app/jobs/' },
    },
    {
      name: 'nothing-imports-routes',
      comment: 'No feature imports a route module (routes are leaves, loaded by Remix).',
      severity: 'error',
      from: { path: '^(app/(?!routes/|root\\.tsx|routes\\.ts)|media-server/|server\\.ts)' },
      to: { path: '^app/routes/' },
    },
    {
      name: 'routes-no-prisma',
      comment: 'Routes call services; they never import Prisma (its client, types or generated models).',
      severity: 'error',
      from: { path: '^app/routes/' },
      to: { path: '^app/generated/prisma/|node_modules/@prisma/|node_modules/prisma/' },
    },
    {
      name: 'app-not-media-server',
      comment: 'app/ never imports media-server/; server.ts composes both.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^media-server/' },
    },
    {
      name: 'media-server-uses-app-foundations',
      comment: 'media-server/ may import app/domain, app/schemas, app/i18n and app/utils only.',
      severity: 'error',
      from: { path: '^media-server/' },
      to: { path: '^app/', pathNot: '^app/(domain|schemas|i18n|utils)/' },
    },
    {
      name: 'client-no-server-modules',
      comment: 'Browser code (components) never imports *.server.ts modules.',
      severity: 'error',
      from: { path: '^app/components/' },
      to: { path: '\\.server\\.tsx?$' },
    },
    ...featureRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|build|app/generated|\\.data|\\.cache)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
