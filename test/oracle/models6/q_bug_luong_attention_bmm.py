"""BUG: a GRU encoder-decoder with Luong "general" attention in the style of the PyTorch chatbot tutorial, written batch_first and decoding with teacher forcing over the target tokens. The attention weights (B, S) should be applied as torch.bmm(attn_weights.unsqueeze(1), encoder_outputs) -> (B, 1, H); here the operands are swapped, torch.bmm(encoder_outputs, attn_weights.unsqueeze(1)) multiplies (B, S, H) by (B, 1, S), and bmm raises in the decoder's forward."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class EncoderRNN(nn.Module):
    def __init__(self, vocab_size, hidden_size, n_layers=1, dropout=0.0):
        super(EncoderRNN, self).__init__()
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers, batch_first=True,
                          dropout=(0 if n_layers == 1 else dropout), bidirectional=True)

    def forward(self, input_seq):
        embedded = self.embedding(input_seq)
        outputs, hidden = self.gru(embedded)
        # Sum bidirectional GRU outputs
        hidden_size = outputs.size(2) // 2
        outputs = outputs[:, :, :hidden_size] + outputs[:, :, hidden_size:]
        return outputs, hidden


class Attn(nn.Module):
    def __init__(self, hidden_size):
        super(Attn, self).__init__()
        self.attn = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden, encoder_outputs):
        # hidden: (B, 1, H), encoder_outputs: (B, S, H)
        energy = self.attn(encoder_outputs)
        attn_energies = torch.sum(hidden * energy, dim=2)  # (B, S)
        return F.softmax(attn_energies, dim=1)


class LuongAttnDecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size, n_layers=1, dropout=0.1):
        super(LuongAttnDecoderRNN, self).__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.embedding_dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers, batch_first=True,
                          dropout=(0 if n_layers == 1 else dropout))
        self.concat = nn.Linear(hidden_size * 2, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)
        self.attn = Attn(hidden_size)

    def forward(self, input_step, last_hidden, encoder_outputs):
        # input_step: (B, 1)
        embedded = self.embedding_dropout(self.embedding(input_step))
        rnn_output, hidden = self.gru(embedded, last_hidden)  # (B, 1, H)
        attn_weights = self.attn(rnn_output, encoder_outputs)  # (B, S)
        context = torch.bmm(encoder_outputs, attn_weights.unsqueeze(1))
        rnn_output = rnn_output.squeeze(1)
        context = context.squeeze(1)
        concat_input = torch.cat((rnn_output, context), 1)
        concat_output = torch.tanh(self.concat(concat_input))
        output = self.out(concat_output)
        return F.log_softmax(output, dim=1), hidden


# shapelint: input=((2, 12), (2, 7))
class Seq2Seq(nn.Module):
    def __init__(self, src_vocab=4000, trg_vocab=4000, hidden_size=64, n_layers=2):
        super(Seq2Seq, self).__init__()
        self.n_layers = n_layers
        self.encoder = EncoderRNN(src_vocab, hidden_size, n_layers, dropout=0.1)
        self.decoder = LuongAttnDecoderRNN(hidden_size, trg_vocab, n_layers, dropout=0.1)

    def forward(self, src, trg):
        encoder_outputs, encoder_hidden = self.encoder(src)
        # Use the forward-direction final states of the encoder as the decoder's initial hidden state
        decoder_hidden = encoder_hidden[:self.n_layers]
        outputs = []
        for t in range(trg.size(1)):
            decoder_input = trg[:, t].unsqueeze(1)
            decoder_output, decoder_hidden = self.decoder(decoder_input, decoder_hidden, encoder_outputs)
            outputs.append(decoder_output)
        return torch.stack(outputs, dim=1)  # (B, T, trg_vocab)
