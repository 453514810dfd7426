import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** The OpenAPI name of the admin key scheme (see admin-docs.ts). */
export const ADMIN_KEY_SCHEME = 'admin-key';

/** What every admin controller shares in the OpenAPI document: the key it needs and its refusals. */
export const AdminApi = () =>
  applyDecorators(
    ApiSecurity(ADMIN_KEY_SCHEME),
    ApiUnauthorizedResponse({ description: 'No key, a wrong key, or ADMIN_API_KEY unset (the admin API is off); nothing ran' }),
    ApiBadRequestResponse({ description: 'Invalid input: the message names the field and the rule; nothing changed' }),
  );
