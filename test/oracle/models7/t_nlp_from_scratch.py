"""The "NLP From Scratch" tutorials in their current editions. (1) "Translation with a Sequence to Sequence Network and Attention" after its batch-first rewrite: EncoderRNN (Embedding -> dropout -> GRU(batch_first=True)), BahdanauAttention (Wa(query) + Ua(keys) -> tanh -> Va, scores.squeeze(2).unsqueeze(1), torch.bmm(weights, keys)), AttnDecoderRNN whose forward starts from a (batch, 1) tensor filled with SOS_token, runs forward_step for MAX_LENGTH = 10 steps feeding back topi.squeeze(-1).detach() (greedy, no target tensor), with query = hidden.permute(1, 0, 2) and torch.cat((embedded, context), dim=2) into a GRU(2 * hidden_size), then torch.cat's the step outputs on dim 1 and log_softmax; plus the plain DecoderRNN. The wrappers do what the tutorial's evaluate() does (encoder, then decoder(encoder_outputs, encoder_hidden)) on a batch of sentences padded to MAX_LENGTH, with the tutorial's fra->eng vocabulary sizes (4345 / 2803) and hidden_size = 128. (2) "Generating Names with a Character-Level RNN": the conditional RNN whose forward(category, input, hidden) concatenates a one-hot category (18 languages), a one-hot letter (n_letters = 59 including EOS) and the hidden state into i2h/i2o, then o2o over torch.cat((hidden, output), 1), dropout 0.1 and LogSoftmax. (3) The 2024 "Classifying Names with a Character-Level RNN" CharRNN: nn.RNN over a (len, 1, n_letters=58) line tensor and h2o applied to hidden[0]."""
import torch
import torch.nn as nn
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

SOS_token = 0
EOS_token = 1
MAX_LENGTH = 10


class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size, dropout_p=0.1):
        super(EncoderRNN, self).__init__()
        self.hidden_size = hidden_size

        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.dropout = nn.Dropout(dropout_p)

    def forward(self, input):
        embedded = self.dropout(self.embedding(input))
        output, hidden = self.gru(embedded)
        return output, hidden


class DecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size):
        super(DecoderRNN, self).__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, encoder_outputs, encoder_hidden, target_tensor=None):
        batch_size = encoder_outputs.size(0)
        decoder_input = torch.empty(batch_size, 1, dtype=torch.long, device=device).fill_(SOS_token)
        decoder_hidden = encoder_hidden
        decoder_outputs = []

        for i in range(MAX_LENGTH):
            decoder_output, decoder_hidden  = self.forward_step(decoder_input, decoder_hidden)
            decoder_outputs.append(decoder_output)

            if target_tensor is not None:
                # Teacher forcing: Feed the target as the next input
                decoder_input = target_tensor[:, i].unsqueeze(1) # Teacher forcing
            else:
                # Without teacher forcing: use its own predictions as the next input
                _, topi = decoder_output.topk(1)
                decoder_input = topi.squeeze(-1).detach()  # detach from history as input

        decoder_outputs = torch.cat(decoder_outputs, dim=1)
        decoder_outputs = F.log_softmax(decoder_outputs, dim=-1)
        return decoder_outputs, decoder_hidden, None # We return `None` for consistency in the training loop

    def forward_step(self, input, hidden):
        output = self.embedding(input)
        output = F.relu(output)
        output, hidden = self.gru(output, hidden)
        output = self.out(output)
        return output, hidden


class BahdanauAttention(nn.Module):
    def __init__(self, hidden_size):
        super(BahdanauAttention, self).__init__()
        self.Wa = nn.Linear(hidden_size, hidden_size)
        self.Ua = nn.Linear(hidden_size, hidden_size)
        self.Va = nn.Linear(hidden_size, 1)

    def forward(self, query, keys):
        scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(keys)))
        scores = scores.squeeze(2).unsqueeze(1)

        weights = F.softmax(scores, dim=-1)
        context = torch.bmm(weights, keys)

        return context, weights


class AttnDecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size, dropout_p=0.1):
        super(AttnDecoderRNN, self).__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.attention = BahdanauAttention(hidden_size)
        self.gru = nn.GRU(2 * hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)
        self.dropout = nn.Dropout(dropout_p)

    def forward(self, encoder_outputs, encoder_hidden, target_tensor=None):
        batch_size = encoder_outputs.size(0)
        decoder_input = torch.empty(batch_size, 1, dtype=torch.long, device=device).fill_(SOS_token)
        decoder_hidden = encoder_hidden
        decoder_outputs = []
        attentions = []

        for i in range(MAX_LENGTH):
            decoder_output, decoder_hidden, attn_weights = self.forward_step(
                decoder_input, decoder_hidden, encoder_outputs
            )
            decoder_outputs.append(decoder_output)
            attentions.append(attn_weights)

            if target_tensor is not None:
                # Teacher forcing: Feed the target as the next input
                decoder_input = target_tensor[:, i].unsqueeze(1) # Teacher forcing
            else:
                # Without teacher forcing: use its own predictions as the next input
                _, topi = decoder_output.topk(1)
                decoder_input = topi.squeeze(-1).detach()  # detach from history as input

        decoder_outputs = torch.cat(decoder_outputs, dim=1)
        decoder_outputs = F.log_softmax(decoder_outputs, dim=-1)
        attentions = torch.cat(attentions, dim=1)

        return decoder_outputs, decoder_hidden, attentions


    def forward_step(self, input, hidden, encoder_outputs):
        embedded =  self.dropout(self.embedding(input))

        query = hidden.permute(1, 0, 2)
        context, attn_weights = self.attention(query, encoder_outputs)
        input_gru = torch.cat((embedded, context), dim=2)

        output, hidden = self.gru(input_gru, hidden)
        output = self.out(output)

        return output, hidden, attn_weights


hidden_size = 128
input_lang_n_words = 4345
output_lang_n_words = 2803


# shapelint: input=(2, 10)
class Translator(nn.Module):
    """evaluate(encoder, decoder, sentence, ...) from the tutorial, on a padded batch of ids."""
    def __init__(self):
        super().__init__()
        self.encoder = EncoderRNN(input_lang_n_words, hidden_size).to(device)
        self.decoder = AttnDecoderRNN(hidden_size, output_lang_n_words).to(device)

    def forward(self, input_tensor):
        encoder_outputs, encoder_hidden = self.encoder(input_tensor)
        decoder_outputs, decoder_hidden, decoder_attn = self.decoder(encoder_outputs, encoder_hidden)

        _, topi = decoder_outputs.topk(1)
        decoded_ids = topi.squeeze()
        return decoder_outputs, decoded_ids, decoder_attn


# shapelint: input=(2, 10)
class PlainTranslator(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = EncoderRNN(input_lang_n_words, hidden_size).to(device)
        self.decoder = DecoderRNN(hidden_size, output_lang_n_words).to(device)

    def forward(self, input_tensor):
        encoder_outputs, encoder_hidden = self.encoder(input_tensor)
        decoder_outputs, decoder_hidden, _ = self.decoder(encoder_outputs, encoder_hidden)
        return decoder_outputs


n_categories = 18
n_letters = 52 + 6 + 1  # len(string.ascii_letters + " .,;'-") + 1 for EOS marker


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size

        self.i2h = nn.Linear(n_categories + input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(n_categories + input_size + hidden_size, output_size)
        self.o2o = nn.Linear(hidden_size + output_size, output_size)
        self.dropout = nn.Dropout(0.1)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, category, input, hidden):
        input_combined = torch.cat((category, input, hidden), 1)
        hidden = self.i2h(input_combined)
        output = self.i2o(input_combined)
        output_combined = torch.cat((hidden, output), 1)
        output = self.o2o(output_combined)
        output = self.dropout(output)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


# shapelint: input=((1, 18), (1, 59), (1, 128))
def name_generator():
    rnn = RNN(n_letters, 128, n_letters)
    return rnn


class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(CharRNN, self).__init__()

        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        output = self.softmax(output)

        return output


# shapelint: input=(7, 1, 58)
def name_classifier():
    # n_letters = len(string.ascii_letters + " .,;'" + "_") = 58, 18 languages
    rnn = CharRNN(58, 128, 18)
    return rnn
