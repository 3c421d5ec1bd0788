import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { idSchema } from '~/schemas/common.ts'
import { getCertificateArtworkImage } from '~/services/credits/get-certificate-artwork.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

const paramsSchema = z.object({ eventId: idSchema, owner: z.enum(['event', 'organisation']), kind: z.enum(['logo', 'seal']) })

/** An uploaded logo or seal, for the staff page's thumbnail; only PNG or JPEG are ever stored. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, owner, kind } = parseParams(paramsSchema, params)
    const image = await getCertificateArtworkImage(getDb(), eventId, owner, kind)
    return new Response(new Uint8Array(image.bytes), {
      headers: { 'Content-Type': image.type, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'" },
    })
  })
}
