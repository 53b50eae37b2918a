import { z } from 'zod';

/** Lower-cased so that one address has one account whatever its casing. */
export const emailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

/** NIST 800-63B: at least 8 characters; the upper bound keeps argon2 from hashing megabytes. */
export const passwordSchema = z
  .string()
  .min(8, 'password must have at least 8 characters')
  .max(256);

export const credentialsSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
});
export type Credentials = z.infer<typeof credentialsSchema>;
