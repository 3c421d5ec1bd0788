import { readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * A small reader for the parts of schema.prisma the drift test compares with the
 * database: models, scalar/enum fields with optionality, ids, uniques, indexes,
 * relations and enums. It throws on syntax it does not know, so a new feature in
 * the schema forces this reader (and the test) to learn it.
 */
export type SchemaField = { name: string; type: string; optional: boolean; list: boolean; attrs: string; isId: boolean; isUnique: boolean; dbType?: string }
export type SchemaModel = {
  name: string
  fields: SchemaField[]
  relations: { field: string; target: string; fields: string[]; references: string[]; onDelete?: string }[]
  id: string[]
  uniques: string[][]
  indexes: string[][]
}
export type PrismaSchema = { models: SchemaModel[]; enums: Record<string, string[]> }

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes'])

export function readPrismaSchema(file = path.resolve(import.meta.dirname, '../../prisma/schema.prisma')): PrismaSchema {
  const text = readFileSync(file, 'utf8')
  const blocks = [...text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)]
  const enums: Record<string, string[]> = {}
  for (const [, kind, name, body] of blocks) {
    if (kind === 'enum') {
      enums[name!] = body!
        .split('\n')
        .map((l) => l.replace(/\/\/.*$/, '').trim())
        .filter(Boolean)
    }
  }
  const modelNames = new Set(blocks.filter((b) => b[1] === 'model').map((b) => b[2]!))
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
  const models: SchemaModel[] = []
  for (const [, kind, name, body] of blocks) {
    if (kind !== 'model') continue
    const model: SchemaModel = { name: name!, fields: [], relations: [], id: [], uniques: [], indexes: [] }
    for (const raw of body!.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim()
      if (!line) continue
      // `@@index([name(ops: raw("gin_trgm_ops"))], type: Gin)`: the columns are what is compared, not the method.
      const block = line.match(/^@@(id|unique|index)\(\[([^\]]+)\](?:,\s*type:\s*\w+)?\)$/)
      if (block) {
        const cols = list(block[2]!).map((c) => c.replace(/\(.*\)$/, ''))
        if (block[1] === 'id') model.id = cols
        else if (block[1] === 'unique') model.uniques.push(cols)
        else model.indexes.push(cols)
        continue
      }
      if (line.startsWith('@@')) throw new Error(`prisma-schema reader: unsupported block attribute in ${name}: ${line}`)
      const m = line.match(/^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/)
      if (!m) throw new Error(`prisma-schema reader: cannot read line in ${name}: ${line}`)
      const [, fieldName, type, modifier, attrs] = m as unknown as [string, string, string, string | undefined, string]
      if (modelNames.has(type)) {
        const rel = attrs.match(/@relation\(([^)]*)\)/)
        if (rel) {
          const fields = rel[1]!.match(/fields:\s*\[([^\]]+)\]/)
          const refs = rel[1]!.match(/references:\s*\[([^\]]+)\]/)
          const onDelete = rel[1]!.match(/onDelete:\s*(\w+)/)
          if (fields && refs) model.relations.push({ field: fieldName, target: type, fields: list(fields[1]!), references: list(refs[1]!), onDelete: onDelete?.[1] })
        }
        continue
      }
      if (!SCALARS.has(type) && !enums[type]) throw new Error(`prisma-schema reader: unknown type ${type} in ${name}.${fieldName}`)
      if (/@map\(|@db\./.test(attrs)) throw new Error(`prisma-schema reader: teach me @map/@db.* (${name}.${fieldName})`)
      const field: SchemaField = {
        name: fieldName,
        type,
        optional: modifier === '?',
        list: modifier === '[]',
        attrs,
        isId: /(^|\s)@id\b/.test(attrs),
        isUnique: /(^|\s)@unique\b/.test(attrs),
      }
      if (field.isId) model.id = [fieldName]
      if (field.isUnique) model.uniques.push([fieldName])
      model.fields.push(field)
    }
    models.push(model)
  }
  return { models, enums }
}

/** What PostgreSQL reports in information_schema.columns for a Prisma scalar (no @db.*). */
export function expectedColumnType(field: SchemaField, enums: Record<string, string[]>): { dataType: string; udtName: string } {
  if (enums[field.type]) return { dataType: field.list ? 'ARRAY' : 'USER-DEFINED', udtName: field.list ? `_${field.type}` : field.type }
  const map: Record<string, [string, string]> = {
    String: ['text', 'text'],
    Int: ['integer', 'int4'],
    BigInt: ['bigint', 'int8'],
    Float: ['double precision', 'float8'],
    Decimal: ['numeric', 'numeric'],
    Boolean: ['boolean', 'bool'],
    DateTime: ['timestamp without time zone', 'timestamp'],
    Json: ['jsonb', 'jsonb'],
    Bytes: ['bytea', 'bytea'],
  }
  const [dataType, udtName] = map[field.type]!
  return field.list ? { dataType: 'ARRAY', udtName: `_${udtName}` } : { dataType, udtName }
}
