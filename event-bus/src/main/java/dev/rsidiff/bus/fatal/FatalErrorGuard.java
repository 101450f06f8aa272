package dev.rsidiff.bus.fatal;

import dev.rsidiff.bus.listen.StageListener;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import jakarta.inject.Singleton;

/**
 * Around every {@link StageListener} method: an {@link Error} thrown while handling a record is reported to
 * {@link FatalErrors}, which takes the service DOWN and ends the process. The listener sees a
 * {@link ServiceStoppingException} instead of the error: an {@code Error} would end micronaut-kafka's poll loop in a
 * state its shutdown waits on forever, while an exception is retried (the record is not committed, so it is
 * delivered again after the restart, never dead-lettered for the process's fault). Exceptions pass untouched to the
 * retry and dead-letter policy.
 */
@Singleton
@InterceptorBean(StageListener.class)
public class FatalErrorGuard implements MethodInterceptor<Object, Object> {

    private final FatalErrors fatalErrors;

    public FatalErrorGuard(FatalErrors fatalErrors) {
        this.fatalErrors = fatalErrors;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        try {
            return context.proceed();
        } catch (Error e) {
            String where = context.getDeclaringType().getSimpleName() + "." + context.getMethodName();
            fatalErrors.report(where, e);
            throw new ServiceStoppingException(where, e);
        }
    }
}
