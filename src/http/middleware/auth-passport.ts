import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { ProfileService } from '../../accounts/profile.service.ts';
import type { SignInService } from '../../accounts/sign-in.service.ts';
import '../../auth/session-data.ts';
import { clientIp } from './client-ip.ts';
import { loginBodySchema } from '../routes/accounts/auth-schemas.ts';
import { parseInput } from './validate.ts';

/** passport's `info.message` from the local strategy: whether the admin code was given and right. */
export const SECOND_FACTOR_PASSED = 'second-factor-passed';
export const PASSWORD_ONLY = 'password-only';

/**
 * A passport instance of its own (no module singleton): the session holds only the account id,
 * and each request reloads the account, so a deleted account is signed out everywhere at once.
 */
export function createPassport({ profile, signIn }: { profile: ProfileService; signIn: SignInService }): passport.Authenticator {
  const authenticator = new passport.Authenticator();
  authenticator.serializeUser<string>((user, done) => done(null, user.id));
  authenticator.deserializeUser<string>((id, done) => {
    profile.findAccount(id).then((account) => done(null, account ?? false), done);
  });
  authenticator.use(
    'local',
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, _email, _password, done) => {
      // The route validated the body already; parsing again gives us typed, normalised values.
      const body = parseInput(loginBodySchema, req.body);
      signIn
        .signInWithPassword({ email: body.email, password: body.password, secondFactorCode: body.totp, ip: clientIp(req) })
        .then(({ account, secondFactorPassed }) => done(null, account, { message: secondFactorPassed ? SECOND_FACTOR_PASSED : PASSWORD_ONLY }), done);
    }),
  );
  return authenticator;
}
