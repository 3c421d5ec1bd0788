import type { TestProject } from 'vitest/node'
import { createTestDatabase } from './test-database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    databaseKind: 'postgresql' | 'embedded'
  }
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase('int')
  project.provide('databaseUrl', db.url)
  project.provide('databaseKind', db.kind)
  return () => db.drop()
}
