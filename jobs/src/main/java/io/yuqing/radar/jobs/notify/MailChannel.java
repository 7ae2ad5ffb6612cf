package io.yuqing.radar.jobs.notify;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;

/**
 * E-mail over SMTP (Jakarta Mail, Angus Mail): UTF-8 plain text to the channel's addresses. The
 * Message-ID is derived from the delivery key, so the rare repeat (a crash between the SMTP
 * server's 250 and the ledger's record) is the same message to the reader's mail client.
 */
final class MailChannel implements Channel {
    private final ChannelSpec spec;
    private final NotifyConfig.Smtp smtp;
    private final Session session;

    MailChannel(ChannelSpec spec, NotifyConfig.Smtp smtp, Duration timeout) {
        this.spec = spec;
        this.smtp = smtp;
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(timeout.toMillis()));
        p.put("mail.smtp.timeout", String.valueOf(timeout.toMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(timeout.toMillis()));
        p.put("mail.smtp.auth", String.valueOf(smtp.username() != null));
        p.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
        // one bad address must not stop the others from getting the message
        p.put("mail.smtp.sendpartial", "true");
        this.session = Session.getInstance(p);
    }

    @Override
    public Outcome send(Notification n) {
        MimeMessage m;
        try {
            m = new KeyedMessage(session, messageId(n.deliveryKey(spec.id())));
            m.setFrom(new InternetAddress(smtp.from(), true));
            m.setRecipients(Message.RecipientType.TO, addresses());
            m.setSubject(n.title(), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            m.setText(WebhookFormats.text(n) + "\n\n-- \n舆情雷达 Yuqing Radar", StandardCharsets.UTF_8.name());
        } catch (AddressException e) {
            return Outcome.refused("bad address: " + e.getMessage());
        } catch (MessagingException e) {
            return Outcome.refused("message not built: " + e.getMessage());
        }
        try {
            if (smtp.username() != null) {
                Transport.send(m, smtp.username(), smtp.password());
            } else {
                Transport.send(m);
            }
            return Outcome.delivered();
        } catch (SendFailedException e) {
            return failedSend(e);
        } catch (MessagingException e) {
            // connection refused, timeout, TLS: the server may be back soon
            return Outcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private InternetAddress[] addresses() throws AddressException {
        InternetAddress[] out = new InternetAddress[spec.to().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new InternetAddress(spec.to().get(i), true);
        }
        return out;
    }

    private static Outcome failedSend(SendFailedException e) {
        Address[] sent = e.getValidSentAddresses();
        Address[] invalid = e.getInvalidAddresses();
        if (sent != null && sent.length > 0) {
            // partly delivered: the good addresses have it, so a retry would send it to them twice
            return Outcome.delivered();
        }
        int code = -1;
        for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                code = a.getReturnCode();
            } else if (x instanceof SMTPSendFailedException s) {
                code = s.getReturnCode();
            }
        }
        String reason = "SMTP " + (code > 0 ? code + " " : "") + e.getMessage()
                + (invalid != null && invalid.length > 0 ? " (refused: " + java.util.Arrays.toString(invalid) + ")" : "");
        // 4xx is the server's "later" (greylisting, a full mailbox); 5xx and refused addresses are final
        return code >= 400 && code < 500 ? Outcome.retry(reason) : Outcome.refused(reason);
    }

    static String messageId(String deliveryKey) {
        return "<" + HexFormat.of().formatHex(sha256(deliveryKey), 0, 16) + "@yuqing-radar>";
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A MimeMessage whose Message-ID is ours, not one Jakarta Mail makes up on saveChanges. */
    private static final class KeyedMessage extends MimeMessage {
        private final String id;

        KeyedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
