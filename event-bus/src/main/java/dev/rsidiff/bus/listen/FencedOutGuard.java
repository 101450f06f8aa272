package dev.rsidiff.bus.listen;

import dev.rsidiff.bus.write.FencedOutException;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Around every {@link StageListener} method: a {@link FencedOutException} means that this instance lost the
 * record's partition to a newer owner while it worked. The record is then neither retried here (the fenced producer
 * could never commit) nor dead-lettered (nothing is wrong with it): the listener returns, its offset commit is
 * refused by the group, and the partition's owner handles the record.
 */
@Singleton
@InterceptorBean(StageListener.class)
public class FencedOutGuard implements MethodInterceptor<Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(FencedOutGuard.class);

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        try {
            return context.proceed();
        } catch (FencedOutException e) {
            LOG.warn("{}.{}: {}", context.getDeclaringType().getSimpleName(), context.getMethodName(), e.getMessage());
            return null;
        }
    }
}
